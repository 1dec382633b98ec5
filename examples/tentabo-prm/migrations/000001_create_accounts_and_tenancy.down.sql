DROP TABLE IF EXISTS distributor_partners;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS partners;
DROP TABLE IF EXISTS distributors;
DROP TABLE IF EXISTS admin_users;
DROP TYPE IF EXISTS user_role;
