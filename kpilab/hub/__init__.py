"""The course on a class's JupyterHub (deploy/jupyterhub/): collecting, accounts, the proxy.

- :mod:`kpilab.hub.collect`: ``kpilab collecter``, every student's copy of one notebook gathered
  from the students' homes into a folder for ``kpilab grade``, with a French report;
- :mod:`kpilab.hub.accounts`: the hub's user names made from the class list (``kpilab devoir``'s CSV);
- :mod:`kpilab.hub.proxy`: configurable-http-proxy (npm) installed into the environment and found there.
"""
