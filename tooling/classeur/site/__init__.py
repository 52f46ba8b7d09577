"""The MkDocs adapter: renderer, Classeur plugin, helper processes.

The only package that imports MkDocs (an import contract checks it).
"""
