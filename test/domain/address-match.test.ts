import { describe, expect, it } from 'vitest';
import { matchCommunities, parseAddress, placeKey, samePlace } from '../../shared/domain/address-match.js';

describe('placeKey / samePlace: building, unit and room names as residents write them', () => {
  it.each([
    ['3栋', '3号楼'],
    ['3栋', '三幢'],
    ['3栋', '3号'],
    ['3栋', '3楼'],
    ['3栋', '第3栋'],
    ['3栋', '第三栋'],
    ['3栋', '３栋'],
    ['3栋', ' 3 栋 '],
    ['12栋', '十二栋'],
    ['20栋', '二十栋'],
    ['23栋', '二十三号楼'],
    ['2单元', '二单元'],
    ['2单元', '两单元'],
    ['2单元', '2'],
    ['2单元', '第二单元'],
    ['501', '501室'],
    ['501', '501户'],
    ['501', '五〇一'],
    ['501', '五零一室'],
    ['501', '0501'],
    ['501', '５０１'],
    ['A座', 'a座'],
    ['A座', 'Ａ座'],
  ])('%s == %s', (a, b) => {
    expect(samePlace(a, b)).toBe(true);
  });

  it.each([
    ['3栋', '13栋'],
    ['3栋', '30栋'],
    ['2单元', '3单元'],
    ['501', '502'],
    ['501', '51'],
    ['A座', 'B座'],
  ])('%s != %s', (a, b) => {
    expect(samePlace(a, b)).toBe(false);
  });

  it('reduces a name to its number (or what is left when it is not one)', () => {
    expect(placeKey('3号楼')).toBe('3');
    expect(placeKey('二十三幢')).toBe('23');
    expect(placeKey('十单元')).toBe('10');
    expect(placeKey('五〇一室')).toBe('501');
    expect(placeKey('A座')).toBe('A');
    expect(placeKey('综合楼')).toBe('综合');
    // Not a Chinese number: 十 twice, or more than one digit around it.
    expect(placeKey('十十栋')).toBe('十十');
    expect(placeKey('一二十栋')).toBe('一二十');
  });
});

describe('parseAddress', () => {
  it.each([
    ['银融社区3栋2单元501', { community: '银融社区', building: '3栋', unit: '2单元', room: '501' }],
    ['3号楼2单元501室', { building: '3号楼', unit: '2单元', room: '501室' }],
    ['银融社区 3幢 二单元 501', { community: '银融社区', building: '3幢', unit: '二单元', room: '501' }],
    ['绿园街道银融社区3-2-501', { community: '银融社区', building: '3', unit: '2', room: '501' }],
    [
      '长春市绿园区青年路街道银融社区3栋2单元501',
      { community: '银融社区', building: '3栋', unit: '2单元', room: '501' },
    ],
    ['３号楼２单元５０１', { building: '3号楼', unit: '2单元', room: '501' }],
    ['3号2单元501', { building: '3号', unit: '2单元', room: '501' }],
    ['3栋2-501', { building: '3栋', unit: '2', room: '501' }],
    ['3 - 2 - 501室', { building: '3', unit: '2', room: '501' }],
    ['第三栋第二单元五〇一室', { building: '第三栋', unit: '第二单元', room: '五〇一室' }],
    ['A座1单元101', { building: 'A座', unit: '1单元', room: '101' }],
    // The community after the place, and the street number before it.
    ['3栋2单元501 银融社区', { community: '银融社区', building: '3栋', unit: '2单元', room: '501' }],
    ['青年路123号3栋2单元501', { building: '3栋', unit: '2单元', room: '501' }],
    // 5楼 after the unit is the floor, not a building.
    ['3栋2单元5楼501', { building: '3栋', unit: '2单元', room: '501' }],
    // The same part twice, the same way: not ambiguous.
    ['3栋(3号楼)2单元501', { building: '3栋', unit: '2单元', room: '501' }],
  ])('%s', (text, parts) => {
    expect(parseAddress(text)).toEqual(parts);
  });

  it('keeps a 市 or 区 that belongs to the community’s own name', () => {
    expect(parseAddress('城市花园社区1栋1单元101').community).toBe('城市花园社区');
    expect(parseAddress('绿园区新区社区1栋1单元101').community).toBe('新区社区');
    expect(parseAddress('新区社区').community).toBe('新区社区');
  });

  it('partial text leaves the missing parts out', () => {
    expect(parseAddress('银融社区3栋501')).toEqual({ community: '银融社区', building: '3栋', room: '501' });
    expect(parseAddress('3栋2单元')).toEqual({ building: '3栋', unit: '2单元' });
    expect(parseAddress('银融社区')).toEqual({ community: '银融社区' });
    // A number alone is no room: nothing says where it is.
    expect(parseAddress('501')).toEqual({});
    expect(parseAddress('')).toEqual({});
    expect(parseAddress('门口的路灯坏了')).toEqual({});
  });

  it('a part given twice, differently, is ambiguous and left out', () => {
    expect(parseAddress('3栋 5栋 2单元 501')).toEqual({ unit: '2单元', room: '501' });
    expect(parseAddress('3栋2单元3单元501')).toEqual({ building: '3栋', room: '501' });
    expect(parseAddress('3栋2单元501 502')).toEqual({ building: '3栋', unit: '2单元' });
    // Once ambiguous, a third mention does not settle it.
    expect(parseAddress('3栋 5栋 3栋 2单元 501')).toEqual({ unit: '2单元', room: '501' });
  });
});

describe('matchCommunities', () => {
  const communities = [
    { id: 'cm-yinrong', name: '银融社区' },
    { id: 'cm-fenghe', name: '丰和社区' },
    { id: 'cm-yinrong-new', name: '银融新社区' },
  ];
  const ids = (wanted: string) => matchCommunities(wanted, communities).map((community) => community.id);

  it('by its name, with or without 社区, in full-width or with spaces', () => {
    expect(ids('银融社区')).toEqual(['cm-yinrong']);
    expect(ids('银融')).toEqual(['cm-yinrong']);
    expect(ids(' 丰和 社区 ')).toEqual(['cm-fenghe']);
    expect(ids('银融新社区')).toEqual(['cm-yinrong-new']);
  });

  it('else by a name inside the text; several are for the caller to refuse', () => {
    expect(ids('青年路银融社区')).toEqual(['cm-yinrong']);
    expect(ids('丰和3栋2单元501')).toEqual(['cm-fenghe']);
    expect(ids('银融新3栋2单元501')).toEqual(['cm-yinrong', 'cm-yinrong-new']);
    expect(ids('信阳社区')).toEqual([]);
  });
});
