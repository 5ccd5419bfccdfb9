"""Qt widgets and pages. Widgets get narrow services and only connect signals to slots."""
