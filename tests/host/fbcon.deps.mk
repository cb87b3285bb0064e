HOST_TEST_NAMES += fbcon
HOST_SRCS_fbcon := kernel/fbcon.c kernel/font/font8x16.c
