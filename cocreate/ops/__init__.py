"""Operations: backups (`flask --app cocreate backup`)."""
