-- When the circle was told, once, that it had grown past the size learning groups work best at.
ALTER TABLE circle ADD COLUMN size_advice_at TIMESTAMP WITH TIME ZONE;
