/* Why 红娘工作台 keeps a processor core busy under Wine 8 while idle, in 40 lines.
 *
 * winit (the window library under iced) waits for messages with
 * MsgWaitForMultipleObjectsEx(..., QS_ALLINPUT, MWMO_INPUTAVAILABLE). Under Wine 8.0 on an X
 * server, once a window has been shown its queue keeps reporting QS_PAINT although no WM_PAINT
 * is ever delivered, so that wait returns at once, every time: ~50,000 empty waits a second.
 * Without MWMO_INPUTAVAILABLE the same loop sleeps. tools/windows-check runs this next to the
 * program and prints both figures:
 *   idle-spin.exe S   shown window, winit's own internal-paint requests   -> spins
 *   idle-spin.exe N   shown window, no paint requests at all               -> spins
 *   idle-spin.exe W   shown window, waiting without MWMO_INPUTAVAILABLE    -> sleeps
 *   idle-spin.exe H   a window never shown                                 -> sleeps
 * Built with: x86_64-w64-mingw32-gcc -O2 -o idle-spin.exe idle-spin.c -luser32
 */
#include <windows.h>
#include <stdio.h>
static int internal = 1;
static DWORD flags = MWMO_INPUTAVAILABLE;
static LRESULT CALLBACK proc(HWND w, UINT m, WPARAM wp, LPARAM lp) {
  if (internal && m != WM_PAINT) RedrawWindow(w, NULL, NULL, RDW_INTERNALPAINT);
  if (m == WM_PAINT) { return DefWindowProcW(w, m, wp, lp); }
  return DefWindowProcW(w, m, wp, lp);
}
int main(int argc, char **argv) {
  int layered = argc > 1 && argv[1][0] == 'L';
  if (argc < 2) return 2;
  WNDCLASSEXW c = {sizeof c}; c.style = CS_HREDRAW|CS_VREDRAW; c.lpfnWndProc = proc; c.hInstance = GetModuleHandleW(0); c.lpszClassName = L"T";
  RegisterClassExW(&c);
  HWND w = CreateWindowExW(layered ? (WS_EX_NOACTIVATE|WS_EX_TRANSPARENT|WS_EX_LAYERED|WS_EX_TOOLWINDOW) : 0, L"T", 0, WS_OVERLAPPED, 0,0,0,0, 0,0, c.hInstance, 0);
  char mode = argc > 1 ? argv[1][0] : 'L';
  if (mode == 'L' || mode == 'P') SetWindowLongPtrW(w, GWL_STYLE, WS_VISIBLE|WS_POPUP);
  if (mode == 'S' || mode == 'N' || mode == 'W') ShowWindow(w, SW_SHOWNOACTIVATE);
  if (mode == 'N') internal = 0;
  if (mode == 'W') flags = 0;
  PostMessageW(w, WM_USER, 0, 0);
  DWORD end = GetTickCount() + 3000; long loops = 0, msgs = 0; MSG msg;
  while (GetTickCount() < end) {
    MsgWaitForMultipleObjectsEx(0, NULL, 500, QS_ALLINPUT, flags);
    loops++;
    while (PeekMessageW(&msg, 0, 0, 0, PM_REMOVE)) { msgs++; TranslateMessage(&msg); DispatchMessageW(&msg); }
  }
  printf("%s: %ld waits, %ld messages in 3 s; GetQueueStatus=%08lx\n", argv[1], loops, msgs, GetQueueStatus(QS_ALLINPUT));
  return 0;
}
