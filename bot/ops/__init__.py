"""Running the bot as a job: one run at a time, and the revision of the data it publishes."""
