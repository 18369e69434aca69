"""What the runner tells a monitoring system: counters kept from the event flow, the event
loop's lag, and a Prometheus collector that reads the runtime's state at scrape time."""
