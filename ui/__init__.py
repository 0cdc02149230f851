"""Streamlit building blocks shared by the pages (the library itself is ``converters``)."""
