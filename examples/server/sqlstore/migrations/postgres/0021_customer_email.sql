-- A customer found by their e-mail address (the mail intake's sender):
-- the newest request or complaint that names the address.
CREATE INDEX requests_customer_email ON requests ((lower(body::jsonb #>> '{customer,email}')), received_ns);
CREATE INDEX complaints_complainant_email ON complaints ((lower(body::jsonb #>> '{complainant,email}')), received_ns);
