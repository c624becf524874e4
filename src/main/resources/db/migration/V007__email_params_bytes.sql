-- The size of each email's stored params, so that a list page stops at its byte budget (SPEC §24) without reading
-- the params of rows it leaves out. Set on insert and when params change, not on status updates; rows from before
-- this migration keep NULL and are measured when listed.
ALTER TABLE emails ADD COLUMN params_bytes integer;

CREATE FUNCTION emails_params_bytes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.params_bytes := octet_length(NEW.params::text);
  RETURN NEW;
END
$$;

CREATE TRIGGER emails_params_bytes BEFORE INSERT OR UPDATE OF params ON emails
  FOR EACH ROW EXECUTE FUNCTION emails_params_bytes();
