/* kernel32: job objects as containers (job.c). */
API(CreateJobObjectA, "p lpJobAttributes, s lpName", "h")
API(CreateJobObjectW, "p lpJobAttributes, w lpName", "h")
API(AssignProcessToJobObject, "h hJob, h hProcess", "b")
API(IsProcessInJob, "h ProcessHandle, h JobHandle, p Result out u", "b")
API(TerminateJobObject, "h hJob, u uExitCode", "b")
API(SetInformationJobObject, "h hJob, i JobObjectInformationClass, p lpJobObjectInformation, u cbJobObjectInformationLength", "b")
