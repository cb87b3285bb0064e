HOST_TEST_NAMES += uaccess
HOST_SRCS_uaccess := mm/uaccess.c mm/uvm.c mm/vm.c tests/host/host_mm.c tests/host/fake_frames.c
