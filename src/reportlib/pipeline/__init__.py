"""Pipeline: the check as a command, the export, notebook execution, the build and the command line."""
