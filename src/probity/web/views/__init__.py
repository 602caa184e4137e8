"""The web application's pages, one module per part of the work. Views are thin: they get the
request's store and actor from :mod:`probity.web.views.workflow`, ask the workflow's policy
and services (:mod:`probity.workflow`) who may do what and to do it, and the core for every
figure."""
