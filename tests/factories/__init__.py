"""
factory-boy factories for the tests and the benchmarks (bench/), one module per app. They live
here, not in the apps, because factory-boy is a development dependency: the production image
installs requirements.lock alone and holds neither tests/ nor bench/.
"""
