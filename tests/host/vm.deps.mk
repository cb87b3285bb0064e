HOST_TEST_NAMES += vm
HOST_SRCS_vm := mm/vm.c tests/host/host_mm.c tests/host/fake_frames.c
