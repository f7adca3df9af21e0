-- The catalogue's revision. Every statement that changes exercises, templates or their doses takes a new number from
-- a sequence (a trigger, so no writer can forget it), and an instance that keeps the catalogue in memory (DoseRules
-- for each adjustment) knows with one read whether what it keeps is current, whichever instance changed it. A sequence,
-- not revision + 1: a number taken by a transaction that rolled back is never given again, so a copy read inside that
-- transaction can never pass for a later revision's.
CREATE SEQUENCE catalogue_revision_seq;

CREATE TABLE catalogue_revision (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    revision  bigint  NOT NULL
);
INSERT INTO catalogue_revision (revision) VALUES (nextval('catalogue_revision_seq'));

CREATE FUNCTION catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_revision SET revision = nextval('catalogue_revision_seq');
    RETURN NULL;
END
$$;

CREATE TRIGGER exercise_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON exercise
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER program_template_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_template
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER template_prescription_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON template_prescription
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
