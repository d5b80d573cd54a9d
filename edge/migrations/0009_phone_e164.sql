-- 0009: phone numbers in E.164 (docs/decisions/0045). Until now a phone was stored as 10 NANP
-- digits, and a number written with a foreign country code was read as a US one: `+36 1 234 5678`
-- (Budapest) became 3612345678, the same as `(361) 234-5678` in Corpus Christi.

-- The extension's digits, kept apart from the number (`602-555-0142 ext 1`).
ALTER TABLE leads ADD COLUMN contact_phone_ext TEXT;

-- First the misread foreign numbers: the visitor typed a `+`, and the stored digits are all of
-- what they typed (a US `+1` number would have had its 1 dropped). They get their `+` back and
-- the flag new leads get (`international_phone`), so the office looks before calling.
UPDATE leads
   SET contact_phone = '+' || contact_phone,
       status = 'needs_review',
       review_reasons = json_insert(review_reasons, '$[#]', 'international_phone')
 WHERE contact_phone GLOB '[0-9]*'
   AND ltrim(json_extract(raw, '$.contact.phone')) LIKE '+%'
   AND replace(replace(replace(replace(replace(replace(replace(
         json_extract(raw, '$.contact.phone'),
         ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') = contact_phone;

-- Every other stored number is 10 NANP digits: US (or Canadian, Caribbean) numbers.
UPDATE leads SET contact_phone = '+1' || contact_phone
 WHERE contact_phone GLOB '[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]';
