"""The publishing core: manifest, staging, navigation, post-build pass, audit, build orchestration.

It knows no renderer: a Renderer (renderer.py) is handed to `build_sites`."""
