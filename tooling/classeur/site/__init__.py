"""The MkDocs side of Classeur: the `classeur` plugin and the functions it calls."""
