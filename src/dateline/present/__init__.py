"""Presentation helpers shared by the web pages and the exports: safe HTML and SVG charts."""
