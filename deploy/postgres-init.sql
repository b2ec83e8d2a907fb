-- Runs once when the docker-compose PostgreSQL volume is created: the
-- service role (owns nothing, no BYPASSRLS). The image's POSTGRES_USER
-- owns the database and runs the migrations.
CREATE ROLE lotse_app LOGIN PASSWORD 'lotse_app_compose' NOSUPERUSER NOBYPASSRLS;
