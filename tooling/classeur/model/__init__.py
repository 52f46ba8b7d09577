"""The binder as data: records, frontmatter schema, strict YAML reader, policy, corpus.

No rule and no renderer here; nothing above is imported.
"""
