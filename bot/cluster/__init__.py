"""`make run-cluster`: the production topology on one machine (topology, nginx config, process launcher)."""
