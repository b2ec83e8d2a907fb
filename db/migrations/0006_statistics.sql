-- 0006_statistics: aggregate reads for the statistics routes.  The
-- statistics handler sets lotse.statistics = 'on' in its own transaction,
-- for one network at a time, and runs only counting queries; cases are
-- then readable for counting across the agencies of that network.
CREATE POLICY cases_statistics ON cases FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY referrals_statistics ON referrals FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY goals_statistics ON goals FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY conferences_statistics ON conferences FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY conference_decisions_statistics ON conference_decisions FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY analyses_statistics ON potential_analyses FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
