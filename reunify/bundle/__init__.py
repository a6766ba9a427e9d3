"""The case bundle for US counsel (or a Mexican authority): one encrypted PDF with the
report, the evidence as embedded files and a manifest to verify them. Qt-free."""
