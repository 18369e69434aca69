"""Generated R|Protocol message modules (``*_pb2.py``) and their ``.proto`` sources.

Regenerate with ``python scripts/gen_protos.py`` after editing a ``.proto`` file.
"""
