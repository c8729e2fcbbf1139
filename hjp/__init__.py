"""HJP platform: the system a Health Justice Partnership runs on."""
