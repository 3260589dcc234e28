"""What operations staff install (gunicorn, nginx, systemd) and the loopback stack."""
