"""`make bench`: the daily run's cost as the site grows, the rebuild, cold start, memory and layer size."""
