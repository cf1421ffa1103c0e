"""Paper: printable certificates (A4 PDF), one credential a page, in Chinese with English below.

Rendering only: ``registry.services.printing`` gathers what a page shows; ``certificate``
lays it out with ReportLab.
"""
