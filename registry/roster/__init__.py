"""Exam rosters: an evaluation institution's certified candidates, many rows at once.

``columns`` is the documented layout (and the template), ``reader`` turns a CSV or XLSX file
into rows within fixed bounds, ``parse`` turns a row into the same command the single-record
path takes, or says which field is wrong and why, in Chinese and English.
"""
