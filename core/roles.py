"""The portal's roles. Group names are stable data: code refers to them through these constants."""

EDITORS = "编辑"  # write and submit content for moderation
REVIEWERS = "审核"  # approve or reject content in the moderation workflow
INSPECTORS = "纪检监察"  # triage reports, run the early-warning system
DEPARTMENT_HEADS = "部门负责人"  # watch their own department
STAFF = "干部职工"  # monitored staff doing the monthly check-in

ALL_GROUPS = (EDITORS, REVIEWERS, INSPECTORS, DEPARTMENT_HEADS, STAFF)
