-- Person search at scale (issue 22, `make bench-search SEARCH_SCALE=N`):
-- cases :first .. :last of the demo network, people with names as a
-- municipal integration network meets them, beside the people of
-- search_quality.py.  First names from a list of German, Arabic, Persian,
-- Turkish, Ukrainian, Balkan and African names, skewed so that the first
-- are the commonest (Mohammed about 2 %); last names the same way for six
-- in ten, the rest from 30 x 25 x 24 syllables (a long tail of rare
-- names); born 1950-2005 (the birth date for nine in ten, else the year),
-- led by the Jobcenter (half) or by one of four other agencies (one in
-- five of these shared with the Jobcenter by a consent).  Deterministic
-- (setseed); psql -v first=N -v last=M.
SELECT setseed(0.22);
INSERT INTO cases (id, network_id, reference, lead_agency_id, target_group, first_name, last_name,
                   birth_date, birth_year, nationality, created_by)
SELECT ('e1000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'a0000000-0000-4000-8000-000000000001', 'RBK-SS-' || lpad(i::text, 7, '0'),
       CASE WHEN a < 0.5 THEN 'b0000000-0000-4000-8000-000000000003'::uuid
            ELSE ('b0000000-0000-4000-8000-' || lpad((7 + floor(a * 8)::int % 4)::text, 12, '0'))::uuid END,
       'newly_arrived', f[1 + floor(cardinality(f) * rf ^ 1.3)::int],
       CASE WHEN rl < 0.6 THEN l[1 + floor(cardinality(l) * (rl / 0.6) ^ 1.3)::int]
            ELSE s1[1 + floor(30 * r1)::int] || s2[1 + floor(25 * r2)::int] || s3[1 + floor(24 * r3)::int] END,
       CASE WHEN rb < 0.9 THEN date '1950-01-01' + floor(rb / 0.9 * 20454)::int END,
       CASE WHEN rb >= 0.9 THEN 1950 + floor((rb - 0.9) * 560)::int END,
       (ARRAY['SY', 'AF', 'UA', 'TR', 'IQ', 'IR', 'DE', 'RO', 'ER', 'XK'])[1 + floor(a * 10 * 7)::int % 10], 'bench'
FROM (SELECT i, random() AS rf, random() AS rl, random() AS r1, random() AS r2, random() AS r3,
             random() AS rb, random() AS a
      FROM generate_series(:first, :last) AS i) r,
     (SELECT ARRAY[
        'Mohammed', 'Ahmad', 'Ali', 'Anna', 'Maria', 'Olena', 'Fatima', 'Hassan', 'Mustafa', 'Omar',
        'Muhammad', 'Thomas', 'Michael', 'Elena', 'Iryna', 'Yusuf', 'Mehmet', 'Ayşe', 'Abdullah', 'Ibrahim',
        'Hussein', 'Khaled', 'Mahmoud', 'Aisha', 'Mariam', 'Zainab', 'Leila', 'Nour', 'Sara', 'Emine',
        'Andreas', 'Stefan', 'Peter', 'Sabine', 'Julia', 'Katharina', 'Laura', 'Lukas', 'Leon', 'Jonas',
        'Oleksandr', 'Serhii', 'Mykola', 'Tetiana', 'Natalia', 'Oksana', 'Yulia', 'Viktoria', 'Andrii', 'Dmytro',
        'Reza', 'Hossein', 'Ali Reza', 'Farid', 'Zahra', 'Maryam', 'Masoud', 'Ahmed', 'Mohamed', 'Mohammad',
        'Jürgen', 'Jörg', 'Günther', 'Sören', 'Käthe', 'Björn', 'Sophie', 'Maximilian', 'Paul', 'Felix',
        'Abdul', 'Abdulrahman', 'Amir', 'Bilal', 'Hamza', 'Karim', 'Samir', 'Tarek', 'Walid', 'Youssef',
        'Amina', 'Asma', 'Dalia', 'Hiba', 'Huda', 'Layla', 'Rana', 'Rim', 'Samira', 'Yasmin',
        'Ahmet', 'Mustafa Kemal', 'Hüseyin', 'Emre', 'Murat', 'Can', 'Elif', 'Zeynep', 'Hatice', 'Fadime',
        'Ion', 'Gheorghe', 'Vasile', 'Elena Maria', 'Ioana', 'Adrian', 'Florin', 'Mihai', 'Andreea', 'Cristina',
        'Arben', 'Besnik', 'Valon', 'Drita', 'Blerta', 'Dragan', 'Milan', 'Jovana', 'Ivana', 'Nikola',
        'Abebe', 'Tesfaye', 'Yonas', 'Meron', 'Selam', 'Amanuel', 'Semhar', 'Kidane', 'Haile', 'Senait',
        'Christian', 'Daniel', 'Markus', 'Martin', 'Frank', 'Tobias', 'Sebastian', 'Alexander', 'Jan', 'Tim',
        'Claudia', 'Nicole', 'Stefanie', 'Andrea', 'Susanne', 'Petra', 'Monika', 'Ursula', 'Renate', 'Helga',
        'Yaroslav', 'Bohdan', 'Vasyl', 'Taras', 'Volodymyr', 'Halyna', 'Liudmyla', 'Svitlana', 'Kateryna', 'Anastasiia',
        'Nasrin', 'Parisa', 'Shirin', 'Mina', 'Arash', 'Behrouz', 'Dariush', 'Kourosh', 'Saeed', 'Mehdi',
        'Rahim', 'Gul', 'Sayed', 'Najib', 'Zabihullah', 'Mohammad Ali', 'Sharifa', 'Malalai', 'Freshta', 'Wahid'] AS f,
      ARRAY[
        'Müller', 'Ahmadi', 'Mohammadi', 'Hosseini', 'Karimi', 'Yılmaz', 'Kaya', 'Schmidt', 'Ali', 'Hassan',
        'Al-Ahmad', 'Haddad', 'Rahimi', 'Shevchenko', 'Kovalenko', 'Bondarenko', 'Schneider', 'Fischer', 'Weber', 'Meyer',
        'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf',
        'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt',
        'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann',
        'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller',
        'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger',
        'Öztürk', 'Çelik', 'Şahin', 'Demir', 'Yıldız', 'Yıldırım', 'Aydın', 'Özdemir', 'Arslan', 'Doğan',
        'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Korkmaz',
        'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Kovalchuk', 'Koval', 'Oliinyk', 'Shevchuk', 'Polishchuk', 'Lysenko',
        'Marchenko', 'Rudenko', 'Savchenko', 'Petrenko', 'Moroz', 'Pavlenko', 'Levchenko', 'Kharchenko', 'Karpenko', 'Ivanova',
        'Al-Hassan', 'Abdullah', 'Mahmoud', 'Nasser', 'Khalil', 'Saleh', 'Ibrahim', 'Youssef', 'Hamdan', 'Darwish',
        'Al-Ali', 'Al-Khatib', 'Othman', 'Suleiman', 'Mansour', 'Hussein', 'Jaber', 'Qasem', 'Salem', 'Hamoud',
        'Haidari', 'Sultani', 'Noori', 'Jafari', 'Sadat', 'Rezaei', 'Mousavi', 'Rahmani', 'Azizi', 'Amiri',
        'Sharifi', 'Safi', 'Popal', 'Stanikzai', 'Wardak', 'Nazari', 'Habibi', 'Qaderi', 'Hashimi', 'Akbari',
        'Popescu', 'Ionescu', 'Popa', 'Pop', 'Radu', 'Dumitru', 'Stan', 'Stoica', 'Gheorghe', 'Matei',
        'Krasniqi', 'Gashi', 'Berisha', 'Morina', 'Shala', 'Hoxha', 'Petrović', 'Jovanović', 'Nikolić', 'Marković',
        'Tesfay', 'Gebremedhin', 'Haile', 'Tekle', 'Berhane', 'Kidane', 'Ghebre', 'Woldemariam', 'Mehari', 'Asfaha',
        'Bäcker', 'Groß', 'Krämer', 'Schewtschenko', 'Mueller', 'Achmadi', 'Karimy', 'Husseini', 'Nassar', 'Mahmud',
        'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Dąbrowski', 'Kozłowski'] AS l,
      ARRAY['Ab', 'Al', 'Ba', 'Be', 'Da', 'Dra', 'El', 'Fa', 'Ga', 'Ha', 'Ka', 'Kle', 'Lo', 'Ma', 'Me',
            'Na', 'No', 'Pa', 'Pe', 'Ra', 'Re', 'Sa', 'Scha', 'Se', 'Ta', 'Te', 'Wa', 'We', 'Ya', 'Za'] AS s1,
      ARRAY['ber', 'bra', 'dal', 'der', 'fen', 'gar', 'her', 'kam', 'kin', 'lan', 'lor', 'man', 'mir',
            'nak', 'ner', 'ram', 'ren', 'sar', 'sel', 'tan', 'ter', 'vin', 'wal', 'zad', 'zen'] AS s2,
      ARRAY['a', 'ani', 'ari', 'awi', 'berg', 'dorf', 'e', 'enko', 'er', 'i', 'ic', 'ler', 'mann', 'ov',
            'ova', 'oğlu', 'ski', 'stein', 'uk', 'yan', 'zai', 'zada', 'i-Khan', 'hardt'] AS s3) n;
-- one in five of the cases the Jobcenter does not lead shared with it (identity and plan)
INSERT INTO consents (network_id, case_id, recipient_agency_id, categories, purpose, legal_basis, granted_by)
SELECT c.network_id, c.id, 'b0000000-0000-4000-8000-000000000003', ARRAY['identity', 'plan'], 'Benchmark',
       'consent', 'bench'
FROM cases c WHERE c.reference BETWEEN 'RBK-SS-' || lpad(:first::text, 7, '0') AND 'RBK-SS-' || lpad(:last::text, 7, '0')
  AND c.lead_agency_id <> 'b0000000-0000-4000-8000-000000000003' AND substr(c.reference, 14) ~ '[05]$';
VACUUM ANALYZE cases, consents;
