"""memmaplib: read, check, print, compare and draw UEFI memory maps.

The code behind tools/memmap. Modules, one purpose each:
  errors     the one exception type the tool reports to the user
  efitypes   EFI memory types, their kinds, attribute bits
  units      exact human sizes and hex addresses
  model      Entry, MemMap, Document (the internal model)
  jsonmap    strict reader and writer of docs/memmap-json.md (version 1)
  seriallog  reader of the kernel's "efi-mmap:" serial lines
  analysis   anomaly flags, the sanitised map, totals
  table      the text tables of `show`
  diff       the comparison of two maps
  svg        the SVG drawing
  cli        the command line
"""
