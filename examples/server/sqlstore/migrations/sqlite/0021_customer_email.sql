-- A customer found by their e-mail address (the mail intake's sender):
-- the newest request or complaint that names the address.
CREATE INDEX requests_customer_email ON requests (lower(json_extract(body, '$.customer.email')), received_ns);
CREATE INDEX complaints_complainant_email ON complaints (lower(json_extract(body, '$.complainant.email')), received_ns);
