DROP TABLE IF EXISTS lead_status_history;
DROP TABLE IF EXISTS lead_notes;
DROP TABLE IF EXISTS lead_activities;
DROP TABLE IF EXISTS leads;
DROP TYPE IF EXISTS lead_activity_type;
DROP TYPE IF EXISTS lead_status;
