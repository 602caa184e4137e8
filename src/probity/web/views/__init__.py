"""The web application's pages, one module per part of the work. Views are thin: they ask
:mod:`probity.web.inspections.access` who may do what, and the core for every figure."""
