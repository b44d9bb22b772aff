"""Community projects, field observations, youth consultations and the community social
diagnosis."""
