import type { Account } from '@union/shared';
import Taro, { request as taroRequest } from '../../test/taro';
import { getSession, saveSession } from '../api/session';
import { EMPTY_DRAFT, loadDraft, saveDraft } from './join-draft';
import { signOut } from './sign-out';

const account = (id: string): Account => ({ id, phone: '139****5678', hasWechat: false, createdAt: '2026-11-01T00:00:00Z' });

beforeEach(() => {
  Taro.clearStorage();
  taroRequest.mockReset();
});

describe('signing out', () => {
  it('leaves no saved join draft (it holds a full ID number), even when the server cannot be reached', async () => {
    // A draft kept for an earlier worker whose session ran out, and the current worker's own.
    saveSession({ accessToken: 'a0', refreshToken: 'r0', expiresIn: 900 }, account('earlier'));
    saveDraft({ ...EMPTY_DRAFT, name: '刘晓燕', idNumber: '110102199003020027' });
    saveSession({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 }, account('current'));
    saveDraft({ ...EMPTY_DRAFT, name: '王建国', idNumber: '110102198805170032' });
    Taro.setStorageSync('union.careMode', true);
    taroRequest.mockRejectedValue(new Error('offline'));

    await expect(signOut()).rejects.toMatchObject({ code: 'network.failed' });

    expect(getSession()).toBeNull();
    expect(Taro.getStorageInfoSync().keys).toEqual(['union.careMode']);
    saveSession({ accessToken: 'a2', refreshToken: 'r2', expiresIn: 900 }, account('current'));
    expect(loadDraft()).toBeNull();
  });

  it('tells the server to forget the refresh token', async () => {
    saveSession({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 }, account('current'));
    taroRequest.mockResolvedValue({ statusCode: 204, data: '' });
    await signOut();
    expect(taroRequest).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/v1/auth/logout', method: 'POST', data: { refreshToken: 'r1' } }));
  });
});
