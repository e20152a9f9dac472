// /docs: placeholder until swagger-ui-dist is vendored (next commits).
