"""Running the bot as a job: one run at a time, the data brought to its upstream commit, and the revision
of the data it publishes."""
