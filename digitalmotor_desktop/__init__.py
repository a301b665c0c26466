"""Digital motor desktop: capability-based planning workshops, offline."""

__version__ = "0.1.0"
APP_NAME = "Digital motor desktop"
ORGANISATION_NAME = "Digital motor"
DOCUMENT_SUFFIX = ".dmw"
