"""The equity PNG of a report: a gap-free time axis, a downsampled curve, trade marks."""
