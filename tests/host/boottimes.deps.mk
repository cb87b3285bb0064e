HOST_TEST_NAMES += boottimes
HOST_SRCS_boottimes := kernel/boottimes_fmt.c kernel/lib/fmt.c
