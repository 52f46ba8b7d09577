"""Bringing existing documents into the binder: Word and OpenDocument files, GitBook and
MkDocs folders, turned into draft procedures with their attachments (`classeur import`)."""
