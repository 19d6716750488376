// build-flags: -nostdlib -e _start@0 -lkernel32
/* leaf_apis.c - kernel32 leaf functions answered by guest code in the DLL image (no
 * transition): last error, ids, pseudo-handles, TLS slots and their error paths. */
#include <windows.h>
static int slen(const char*s){int n=0;while(s[n])n++;return n;}
static void out(const char *s){DWORD w; WriteFile(GetStdHandle(STD_OUTPUT_HANDLE),s,slen(s),&w,0);}
static void num(const char *l, unsigned v){char b[64]; char *p=b+63; *p=0; do{*--p='0'+v%10; v/=10;}while(v); out(l); out(p); out("\n");}
void __stdcall start(void){
  SetLastError(1234); num("lasterr=",GetLastError());
  num("pid_ok=",GetCurrentProcessId()!=0); num("tid_ok=",GetCurrentThreadId()!=0);
  num("curproc=",(unsigned)GetCurrentProcess()); num("curthr=",(unsigned)GetCurrentThread());
  DWORD i=TlsAlloc(); num("idx=",i); num("set=",TlsSetValue(i,(void*)77)); SetLastError(5); num("get=",(unsigned)TlsGetValue(i)); num("err_after_get=",GetLastError());
  num("bad_get=",(unsigned)TlsGetValue(1088)); num("err=",GetLastError());
  num("bad_set=",TlsSetValue(5000,0)); num("err=",GetLastError());
  ExitProcess(0);
}
