"""Pages of the hotline: the public form and tracking, the agent's intake, the staff's
work list and request page, return visits, the supervisor's dashboard and early warnings."""
