-- The time spent in a stage is a sum of stays. In double precision the sum depended on the order
-- of the additions, so a rebuild (which cuts the log into other batches than the live runner)
-- could differ from the live table in the last digit. Stays are whole microseconds, so a decimal
-- with six places sums them exactly, in any order.
ALTER TABLE projection_statistics.stage_time ALTER COLUMN total_seconds TYPE numeric(20, 6);
