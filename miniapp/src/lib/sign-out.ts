import { logout } from '../api/auth';
import { clearAllDrafts } from './join-draft';

/** 退出登录: the server forgets the refresh token, and the phone forgets the session and any join draft (it holds a full ID number). */
export async function signOut(): Promise<void> {
  try {
    await logout();
  } finally {
    clearAllDrafts();
  }
}
