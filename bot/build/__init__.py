"""Build time only: corpus → clean → people and dates → summaries → index. Serving never imports this."""
