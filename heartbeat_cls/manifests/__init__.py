"Checksum manifests (sha256sum format) of the datasets in `heartbeat_cls.download`; data only, shipped with the package."
